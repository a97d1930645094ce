/*
 * floor.c: the benchmark's floor.  GMime parses each message of an mbox
 * (GMIME_FORMAT_MBOX, bodies included, as any GMime program does) and the
 * Received fields of each message are walked; nothing else.  Prints the
 * number of messages and Received fields seen.
 *
 *	floor FILE
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include <gmime/gmime.h>

int
main(int argc, char *argv[])
{
	GMimeParserOptions *opt;
	GMimeHeaderList *list;
	GMimeMessage *msg;
	GMimeParser *parser;
	GMimeStream *stream;
	GError *error = NULL;
	unsigned long messages = 0, received = 0, bytes = 0, failed = 0;
	int i, n;

	if (argc != 2) {
		(void)fputs("usage: floor FILE\n", stderr);
		return 2;
	}
	g_mime_init();
	opt = g_mime_parser_options_new();
	stream = g_mime_stream_fs_open(argv[1], O_RDONLY, 0, &error);
	if (stream == NULL) {
		(void)fprintf(stderr, "floor: %s: %s\n", argv[1],
		    error ? error->message : "cannot open");
		return 2;
	}
	parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MBOX);
	while (!g_mime_parser_eos(parser)) {
		msg = g_mime_parser_construct_message(parser, opt);
		if (msg == NULL) {
			/* Not a message: go on with the next one, if any. */
			if (++failed > 1000)
				break;
			continue;
		}
		messages++;
		list = g_mime_object_get_header_list(GMIME_OBJECT(msg));
		n = list ? g_mime_header_list_get_count(list) : 0;
		for (i = 0; i < n; i++) {
			GMimeHeader *h = g_mime_header_list_get_header_at(list,
			    i);
			const char *name = g_mime_header_get_name(h);
			const char *raw = g_mime_header_get_raw_value(h);

			if (name == NULL || raw == NULL ||
			    g_ascii_strcasecmp(name, "Received") != 0)
				continue;
			received++;
			bytes += strlen(raw);
		}
		g_object_unref(msg);
	}
	g_object_unref(parser);
	g_mime_parser_options_free(opt);
	g_mime_shutdown();
	(void)printf("%lu messages, %lu Received fields (%lu bytes), %lu "
	    "failures\n", messages, received, bytes, failed);
	return 0;
}
