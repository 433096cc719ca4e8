//! The filter evaluator and its SQL compilation agree on real PostgreSQL (proptest).
