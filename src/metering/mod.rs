//! The pure metering core: filter trees, numeric rules, aggregations, billing cycles, charges. No I/O.
