"""portal: the pages a partner organisation's users sign in to, under /partner/. They list the
referrals made to their organisation and open one (the packet as the volunteer consented to it,
its files, the loop's updates) and move it along. Every page is behind `partner_required`."""
