//! Analytics → Events, event pages, troubleshooting.
