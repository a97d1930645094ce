/*
 * jsoncheck.c: validates JSON for the shell tests and prints values.
 *
 *   jsoncheck [-n] [PATH ...] < input
 *
 * Checks that the input is one JSON value (or, with -n, one value per
 * line, NDJSON) and valid UTF-8, and prints the value at each PATH
 * ("verdict", "hops.0.tls") for every value read, one per line: strings
 * raw, null as "null", others compact.  A path ending in "#" ("hops.#")
 * prints the size of the array or object before it.  Exit status 0 when
 * valid.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* Follows a dotted path; returns a borrowed value or NULL. */
static json_t *
lookup(json_t *v, const char *path)
{
	char buf[256], *part, *save = NULL;

	(void)snprintf(buf, sizeof buf, "%s", path);
	for (part = strtok_r(buf, ".", &save); part != NULL && v != NULL;
	    part = strtok_r(NULL, ".", &save)) {
		if (json_is_array(v))
			v = json_array_get(v, strtoul(part, NULL, 10));
		else
			v = json_object_get(v, part);
	}
	return v;
}

/* Prints the size of the array or object at PATH less its final "#". */
static void
print_size(json_t *root, const char *path)
{
	char buf[256];
	size_t len = strlen(path);
	json_t *v;

	(void)snprintf(buf, sizeof buf, "%.*s", (int)(len - 1), path);
	v = len > 1 ? lookup(root, buf) : root;
	if (json_is_array(v))
		printf("%zu\n", json_array_size(v));
	else if (json_is_object(v))
		printf("%zu\n", json_object_size(v));
	else
		puts("(missing)");
}

/* Prints the values at the paths. */
static void
print_paths(json_t *root, int argc, char *argv[])
{
	json_t *v;
	char *s;
	int i;

	for (i = 0; i < argc; i++) {
		if (argv[i][0] != '\0' && argv[i][strlen(argv[i]) - 1] == '#') {
			print_size(root, argv[i]);
			continue;
		}
		v = lookup(root, argv[i]);
		if (v == NULL)
			puts("(missing)");
		else if (json_is_string(v))
			puts(json_string_value(v));
		else {
			s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
			puts(s ? s : "?");
			free(s);
		}
	}
}

int
main(int argc, char *argv[])
{
	json_error_t err;
	json_t *root;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		while ((n = getline(&line, &cap, stdin)) != -1) {
			lineno++;
			root = json_loadb(line, (size_t)n, 0, &err);
			if (root == NULL) {
				fprintf(stderr, "jsoncheck: line %d: %s\n",
				    lineno, err.text);
				free(line);
				return 1;
			}
			print_paths(root, argc - 2, argv + 2);
			json_decref(root);
		}
		free(line);
		return lineno > 0 ? 0 : 1;
	}
	root = json_loadf(stdin, 0, &err);
	if (root == NULL) {
		fprintf(stderr, "jsoncheck: line %d: %s\n", err.line, err.text);
		return 1;
	}
	print_paths(root, argc - 1, argv + 1);
	json_decref(root);
	return 0;
}
