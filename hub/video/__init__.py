"""The shared video pipeline: an uploaded Video becomes an HLS ladder, an MP4 fallback and a poster.

    models.py          the Video model (app label "hub", re-exported as hub.models.Video)
    limits.py          length, frame size and frame rate limits, and stopping ffmpeg past them
    probe.py           ffprobe: is this a usable video, within the limits? (plain functions)
    ladder.py          what to make from a WxH source and the ffmpeg command making it (plain)
    originals.py       a failed video's original leaves public storage; a good retry returns it
    pipeline.py        one job on the worker: claim, fetch, run ffmpeg, publish, clean up
    tasks.py           the django-tasks job, a thin wrapper over pipeline.process_video
    jobs.py            queueing: new uploads, retries, stalled-job sweeps (the only user of tasks)
    signal_handlers.py save queues, delete removes files (registered via hub/signal_handlers.py)
    views.py, wagtail_hooks.py   the admin screen "Xử lý video" (hooks imported by hub)

Imports run one way: jobs -> tasks -> pipeline -> ladder/probe/originals/models, and ladder and
probe -> limits (a leaf). Content apps may reference "hub.Video", use the video block and player
(hub/blocks.py, components/video_player.html) and check an upload with probe.probe_video; only
hub/video runs ffmpeg and changes processing fields.
"""
