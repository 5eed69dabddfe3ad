"""The report layer: every sentence, every report table, the figures, the briefing, the Excel pack and the HTML export."""
