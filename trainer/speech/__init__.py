"""Offline speech engines: synthesis, transcription, WAV handling and word error rate."""
