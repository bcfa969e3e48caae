"""The search language of the search page and of the API's `q`: `parse` reads it (plain Python),
`names` finds delegates and parties by name, `resolve` turns a parsed search into conditions on
statements."""
