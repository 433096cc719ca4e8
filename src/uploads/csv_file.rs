//! Reading an upload CSV and writing its error file (pure, no I/O).
