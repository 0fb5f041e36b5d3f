"""Public engagement of contest entries from every platform (this site, YouTube, Facebook).

- clients: the YouTube Data/Analytics and Facebook Graph API clients (plain HTTP, no database);
- sync: links -> API batches -> timestamped snapshots with per-link status (`sync_engagement()`
  is what the task and the command call);
- anomalies: flags for organisers (spikes, likes without views), plain functions.

Who may import it: contests' views, tasks and commands. The on-site counters themselves are the
SiteCounter/SiteLike models (contests.models.engagement) and the public views in
contests.views.public.
"""
