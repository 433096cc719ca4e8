//! SQL functions used in queries.

use diesel::sql_types::Text;

diesel::define_sql_function! {
    /// PostgreSQL `lower(text)`.
    fn lower(x: Text) -> Text;
}
