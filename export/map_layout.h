/* The glue between a mapping and the CSV writer for `export --map`: the mapping's reverse direction
 * (mapping_reverse_header / mapping_reverse_rows_in) as an export_csv_layout, so that formats/
 * writes the mapping's layout without knowing what a mapping is.
 *
 * Ownership: the layout borrows the mapping (its header names and itself); the mapping must
 * outlive every writer opened with the layout.
 */
#ifndef INVOICECTL_EXPORT_MAP_LAYOUT_H
#define INVOICECTL_EXPORT_MAP_LAYOUT_H

#include "formats/export_csv.h"
#include "mapping/mapping.h"

/* The file the mapping reads: its columns, delimiter, csv.encoding and locale.decimal, one row per
 * line item. */
export_csv_layout export_map_layout(const mapping *m);

#endif
