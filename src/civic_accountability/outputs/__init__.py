"""What the data becomes: descriptors and docs, exports, the timeline and the site."""
