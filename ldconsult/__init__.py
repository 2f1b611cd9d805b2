"""ldconsult: a needs-assessment interviewer for learning-and-development teams."""

__version__ = "0.1.0"
