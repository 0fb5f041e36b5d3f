"""The shared video pipeline: probe, validate, poster, HLS ladder + MP4 fallback, storage."""
