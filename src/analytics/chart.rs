//! Server-rendered SVG charts (pure: data in, markup out).
