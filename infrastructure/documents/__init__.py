"""The review report as a signed PDF: the bureau's own small CA and document-signing key,
the PAdES signature, and the offline check of a downloaded report (decision 25)."""
