"""Public releases of the data: dated, checksummed, compressed files anyone may download and cite.

`release.publish_dataset` writes one release into a directory (the `publish_dataset` command);
`tables` says which tables a release holds and where their rows come from, `codebook` what each
column means, and `releases` lists the releases already written (the download page).

This file imports nothing, so that the download page can read `releases` without loading the
API's export code that `release` uses: the pages and the API stay independent (.importlinter).
"""
