"""Health-information training program directory: Scrapy project package."""
