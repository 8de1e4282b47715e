"""civic-accountability: the open, validated record of English councils' children's
services inspections, what Ofsted judged and asked them to improve, and what was said."""

__version__ = "0.2.0"
