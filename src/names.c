/*
 * names.c: the static names of the model's enums (see names.h).
 */
#include "config.h"

#include "names.h"

const char *
tlsver_name(enum tls_version v)
{
	switch (v) {
	case TLSVER_SSL2:
		return "SSLv2";
	case TLSVER_SSL3:
		return "SSLv3";
	case TLSVER_TLS10:
		return "TLSv1.0";
	case TLSVER_TLS11:
		return "TLSv1.1";
	case TLSVER_TLS12:
		return "TLSv1.2";
	case TLSVER_TLS13:
		return "TLSv1.3";
	case TLSVER_NONE:
		break;
	}
	return NULL;
}

const char *
tlsstate_name(enum tls_state s)
{
	switch (s) {
	case TLSSTATE_YES:
		return "yes";
	case TLSSTATE_NO:
		return "no";
	case TLSSTATE_LOCAL:
		return "local";
	case TLSSTATE_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *
scope_name(enum hop_scope scope)
{
	switch (scope) {
	case SCOPE_PUBLIC:
		return "public";
	case SCOPE_PRIVATE:
		return "private";
	case SCOPE_LOOPBACK:
		return "loopback";
	case SCOPE_LOCAL:
		return "local";
	case SCOPE_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *
trust_name(enum trust t)
{
	switch (t) {
	case TRUST_ATTESTED:
		return "attested";
	case TRUST_CLAIMED:
		return "claimed";
	case TRUST_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *
verified_name(enum verified v)
{
	switch (v) {
	case VERIFIED_YES:
		return "yes";
	case VERIFIED_NO:
		return "no";
	case VERIFIED_UNKNOWN:
		break;
	}
	return NULL;
}

const char *
severity_name(enum severity sev)
{
	switch (sev) {
	case SEVERITY_ERROR:
		return "error";
	case SEVERITY_WARNING:
		return "warning";
	case SEVERITY_INFO:
		break;
	}
	return "info";
}

const char *
verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS:
		return "pass";
	case VERDICT_FAIL:
		return "fail";
	case VERDICT_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *
reason_name(enum verdict_reason r)
{
	switch (r) {
	case REASON_NONE_JUDGED:
		return "none-judged";
	case REASON_NO_EVIDENCE:
		return "no-evidence";
	case REASON_VERSION_UNSTATED:
		return "version-unstated";
	case REASON_ALL_TLS:
		return "all-tls";
	case REASON_PLAINTEXT:
		return "plaintext";
	case REASON_BELOW_MIN_TLS:
		return "below-min-tls";
	case REASON_NO_RECEIVED:
		break;
	}
	return "no-received";
}

const char *
body_name(enum body_protection b)
{
	switch (b) {
	case BODY_PLAIN:
		return "none";
	case BODY_SMIME:
		return "smime";
	case BODY_PGP:
	case BODY_PGP_INLINE:
		return "openpgp";
	case BODY_ENCRYPTED_OTHER:
		return "other";
	case BODY_UNKNOWN:
		break;
	}
	return NULL;
}
