"""Open Referral HSDS 3.0: the API under /hsds/, JSON and tabular export and import of the resource
directory.
"""
