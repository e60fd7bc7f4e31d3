"""Documents behind the meetings: attachment text (``extract``), document numbers and ``Document`` values."""
