"""Publishing: getting approved stories and their photos onto a site.

`wordpress_client` is the WordPress REST layer (no database, no Qt). It imports httpx, so nothing here
imports it at package level: the GUI loads it only when it publishes.
"""
