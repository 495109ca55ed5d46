"""Documents on a referral: scans that either side attaches (a residence
permit, a diploma), checked by their content, kept outside the web root."""
