//! Meter pages: the list, a meter's page (usage, live stream, manual entry), the form with its
//! filter builder, the change preview and the filter test bench.

pub mod bench_words;
pub mod builder;
pub mod form;
pub mod handlers;
pub mod manual;
pub mod pages;
pub mod words;
