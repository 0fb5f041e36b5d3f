"""The wiring package (settings, urls, wsgi, the site frame) and the network of centres.

Subpackages own one concern each: caching/ (caches and their invalidation), pagekit/ (what content
pages are built from), video/ (the video pipeline). See ARCHITECTURE.md.
"""
