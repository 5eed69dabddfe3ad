"""Case files in and out: YAML, Excel (layout, safety checks, reader, writer), the editor's tables, and one ``load``."""
