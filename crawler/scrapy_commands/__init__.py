"""Scrapy commands of this project (COMMANDS_MODULE): they replace Scrapy's own of that name."""
