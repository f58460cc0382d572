"""Parsers for each source's own format: IPEDS data files, College Scorecard API pages, college
catalog pages. Spiders (spiders/) fetch; these modules read what was fetched, without Scrapy's engine."""
