DROP TABLE statement_lines;
DROP TABLE statements;
DROP FUNCTION md_statement_frozen();
