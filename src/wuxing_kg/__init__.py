"""wuxing-kg: Chinese local-government work bulletins (工作简报) → knowledge graph."""

__version__ = "0.1.0"
