"""The public site: HTML pages, feeds, calendars, sitemaps and structured data."""
