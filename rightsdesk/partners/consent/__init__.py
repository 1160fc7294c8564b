"""consent: the volunteer's answer to a proposed referral, in their inbox (under /inbox/, where
the inbox cookie is sent). The inbox shows a panel through settings.RIGHTSDESK_INBOX_PANELS
(`panels.inbox_panel`); the referral's page shows exactly what would go, piece by piece with its
content, and takes the answer (agree with what is ticked, decline), or later the withdrawal."""
