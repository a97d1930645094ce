/*
 * proto.c: the "with" keyword table (see proto.h).
 */
#include "config.h"

#include "proto.h"
#include "util.h"

#define SMTP	(PROTO_KNOWN | PROTO_PLAIN)
#define IANA	(SMTP | PROTO_IANA)
#define S	PROTO_TLS
#define A	PROTO_AUTH
#define U	PROTO_UTF8
#define L	PROTO_LMTP
#define LOCAL	(PROTO_KNOWN | PROTO_LOCAL)

static const struct proto_entry proto_entries[] = {
	/* IANA Mail Transmission Types (RFC 3848, RFC 4356, RFC 6531). */
	{ "SMTP", IANA, "RFC 5321" },
	{ "ESMTP", IANA, "RFC 5321" },
	{ "ESMTPA", IANA | A, "RFC 3848" },
	{ "ESMTPS", IANA | S, "RFC 3848" },
	{ "ESMTPSA", IANA | S | A, "RFC 3848" },
	{ "LMTP", IANA | L, "RFC 3848" },
	{ "LMTPA", IANA | L | A, "RFC 3848" },
	{ "LMTPS", IANA | L | S, "RFC 3848" },
	{ "LMTPSA", IANA | L | S | A, "RFC 3848" },
	{ "MMS", PROTO_KNOWN | PROTO_IANA, "RFC 4356" },
	{ "UTF8SMTP", IANA | U, "RFC 6531" },
	{ "UTF8SMTPA", IANA | U | A, "RFC 6531" },
	{ "UTF8SMTPS", IANA | U | S, "RFC 6531" },
	{ "UTF8SMTPSA", IANA | U | S | A, "RFC 6531" },
	{ "UTF8LMTP", IANA | U | L, "RFC 6531" },
	{ "UTF8LMTPA", IANA | U | L | A, "RFC 6531" },
	{ "UTF8LMTPS", IANA | U | L | S, "RFC 6531" },
	{ "UTF8LMTPSA", IANA | U | L | S | A, "RFC 6531" },

	/* Exim's own SMTPUTF8 spellings. */
	{ "utf8esmtp", SMTP | U, "Exim" },
	{ "utf8esmtpa", SMTP | U | A, "Exim" },
	{ "utf8esmtps", SMTP | U | S, "Exim" },
	{ "utf8esmtpsa", SMTP | U | S | A, "Exim" },

	/* Unregistered TLS spellings. */
	{ "SMTPS", SMTP | S, "implicit TLS (RFC 8314), several MTAs" },
	{ "SMTPSA", SMTP | S | A, "implicit TLS with AUTH, several MTAs" },
	{ "ESMTPTLS", SMTP | S, "Stalwart's list of vendor forms" },
	{ "ESMTP-TLS", SMTP | S, "CommuniGate Pro" },
	{ "SMTP-TLS", SMTP | S, "paranoia's list of vendor forms" },
	{ "ESMTPSA-TLS", SMTP | S | A, "vendor form of ESMTPSA" },
	{ "ASMTP", SMTP | A, "authenticated SMTP, several MTAs" },
	{ "ESMTPA-TLS", SMTP | S | A, "vendor form of ESMTPSA" },
	{ "SMTPTLS", SMTP | S, "vendor form of SMTP-TLS" },
	{ "STARTTLS", SMTP | S, "Mimecast: with ESMTP with STARTTLS" },

	/* Named protocols whose keyword states nothing about TLS. */
	{ "BSMTP", PROTO_KNOWN, "batched SMTP (rsmtp); transport not stated" },
	{ "QMQP", PROTO_KNOWN, "qmail QMQP between cluster hosts" },
	{ "NNFMP", PROTO_KNOWN, "Yahoo internal transfer" },
	{ "HTTPREST", PROTO_KNOWN | PROTO_ACCESS, "Gmail API submission" },

	/* Local hand-offs: no network transfer. */
	{ "local", LOCAL, "Exim, local submission" },
	{ "local-smtp", LOCAL, "Exim -bs" },
	{ "local-esmtp", LOCAL, "Exim -bs" },
	{ "local-esmtpa", LOCAL | A, "Exim -bs" },
	{ "local-esmtps", LOCAL, "Exim -bs" },
	{ "local-bsmtp", LOCAL, "Exim -bS" },
	{ "local-esmtpsa", LOCAL | A, "Exim -bs" },
	{ "local-rmail", LOCAL, "Exim invoked as rmail (UUCP)" },
	{ "pickup", LOCAL, "pickup services" },

	/* Exchange and other vendors. */
	{ "Microsoft SMTP Server", SMTP, "Microsoft Exchange" },
	{ "Microsoft SMTPSVC", PROTO_KNOWN, "Microsoft IIS SMTP service: "
	    "it never records TLS in the keyword, so the keyword states "
	    "nothing (\"over TLS secured channel\" does)" },
	{ "mapi", PROTO_KNOWN | PROTO_ACCESS, "Microsoft Exchange MAPI" },

	/* Access and web submission protocols. */
	{ "HTTP", PROTO_KNOWN | PROTO_ACCESS, "webmail submission: webmail "
	    "writes HTTP whether or not the browser used HTTPS" },
	{ "HTTPS", SMTP | S | PROTO_ACCESS, "webmail submission" },
	{ "HTTPSA", SMTP | S | A | PROTO_ACCESS, "webmail submission" },
	{ "IMAP", PROTO_KNOWN | PROTO_ACCESS, "IMAP APPEND" },
	{ "IMAPS", PROTO_KNOWN | PROTO_ACCESS | S, "IMAP over TLS" },
	{ "POP3", PROTO_KNOWN | PROTO_ACCESS, "POP3 retrieval (fetchmail)" },
	{ "POP3S", PROTO_KNOWN | PROTO_ACCESS | S, "POP3 over TLS" },
};

bool
proto_keyword_matches(const char *s, size_t len, const char *word)
{
	size_t i = 0;

	while (*word != '\0') {
		if (*word == ' ') {
			if (i >= len || !ascii_isspace((unsigned char)s[i]))
				return false;
			while (i < len && ascii_isspace((unsigned char)s[i]))
				i++;
			word++;
			continue;
		}
		if (i >= len || ascii_tolower((unsigned char)s[i]) !=
		    ascii_tolower((unsigned char)*word))
			return false;
		i++;
		word++;
	}
	return i == len;
}

const struct proto_entry *
proto_lookup(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 64)
		return NULL;
	for (i = 0; i < sizeof proto_entries / sizeof proto_entries[0]; i++) {
		if (proto_keyword_matches(s, len, proto_entries[i].keyword))
			return &proto_entries[i];
	}
	return NULL;
}

const struct proto_entry *
proto_table(size_t *count)
{
	*count = sizeof proto_entries / sizeof proto_entries[0];
	return proto_entries;
}
