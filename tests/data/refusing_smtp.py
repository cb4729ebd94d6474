"""An aiosmtpd handler that keeps mail in a Maildir, like aiosmtpd.handlers.Mailbox, but
refuses for good (SMTP 550) any recipient whose local part ends in ".refused", as a real
server refuses an address that does not exist."""

from aiosmtpd.handlers import Mailbox


class Refusing(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0].endswith(".refused"):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"
