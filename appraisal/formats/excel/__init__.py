"""Excel workbooks in the template's layout: ``layout`` shared by ``write`` and ``read``; ``safety`` checks the container first."""
