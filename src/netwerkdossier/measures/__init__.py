"""Legal measures of a family (issue 14): the catalogue as data and its date rules."""
