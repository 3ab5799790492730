/* salve-json.h: JSON text as salvectl --json and the FHIR export write it
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @node as indented JSON text, laid out as json-glib 1.6's JsonGenerator
 * pretty-prints it (two spaces a level, "name" : value, members in their
 * order), but with each number in the shortest form that reads back as
 * the same double: 5.2 is "5.2", not "5.2000000000000002". A number keeps
 * its point when whole ("20.0", "1.0e+21"); one that is not finite is
 * null. @length, when not NULL, gets the text's length. */
char *salve_json_to_data (JsonNode *node,
                          gsize    *length);

G_END_DECLS
