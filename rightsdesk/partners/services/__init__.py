"""Writes of the partner network: the directory (`directory`), drafting, consent and sending
(`referrals`), the loop after sending (`loop`). Every write is atomic and audited; refusals are
`ReferralRefused` (or another `Refused`) and change nothing."""
