"""The web gallery's adapter: aiohttp.web routes, Discord login, sessions and HTML. It knows
HTTP and pages; what a visitor may see is :mod:`bot.features.gallery`'s to decide."""
