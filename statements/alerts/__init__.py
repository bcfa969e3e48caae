"""Email alerts: what a subscription follows and which statements are new to it (`matching`), the
signed links of its mails (`tokens`), the mails themselves (`mail`), how often one address or
client may ask for them (`limits`), and sending what is due (`sending`, run by `send_alerts`).

Shared by the pages (the follow page) and the command; it imports no face.
"""
