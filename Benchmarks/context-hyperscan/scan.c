/*
 * Context for the reading benchmark, not a floor: how long the fastest multi-literal matcher we
 * know (Intel Hyperscan, vectorised) takes only to find every phrase in the corpus, line by line,
 * ignoring case as svcfit's normalised reading does. Nothing is normalised, no word edges are
 * checked and nothing is decided, so it is a lower bound for any reader that must report every
 * match rather than, as `grep -c` does, stop at a line's first.
 *
 *     cc -O2 -o scan scan.c -lhs && ./scan phrases.txt corpus.txt
 *
 * Prints one JSON object: the patterns, the matches, and the CPU seconds of compiling and of
 * scanning (the compiled database could be stored, as svcfit stores its automaton, so only the
 * scan compares with svcfit's reading time).
 */
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return now.tv_sec + now.tv_nsec * 1e-9;
}

static char *read_whole(const char *path, size_t *size) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(2); }
    fseek(file, 0, SEEK_END);
    *size = (size_t)ftell(file);
    rewind(file);
    char *bytes = malloc(*size + 1);
    if (!bytes || fread(bytes, 1, *size, file) != *size) { fprintf(stderr, "%s: cannot read\n", path); exit(2); }
    fclose(file);
    return bytes;
}

static int count_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *context) {
    (void)id; (void)from; (void)to; (void)flags;
    ++*(long long *)context;
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: scan PHRASES CORPUS\n"); return 2; }
    size_t phrases_size, corpus_size;
    char *phrases = read_whole(argv[1], &phrases_size);
    char *corpus = read_whole(argv[2], &corpus_size);

    size_t lines = 1;
    for (size_t i = 0; i < phrases_size; i++) lines += phrases[i] == '\n';
    const char **patterns = malloc(lines * sizeof *patterns);
    size_t *lengths = malloc(lines * sizeof *lengths);
    unsigned *ids = malloc(lines * sizeof *ids), *flags = malloc(lines * sizeof *flags);
    unsigned count = 0;
    for (char *start = phrases, *end = phrases; end <= phrases + phrases_size; end++) {
        if (end == phrases + phrases_size || *end == '\n') {
            if (end > start) {
                patterns[count] = start; lengths[count] = (size_t)(end - start);
                ids[count] = count; flags[count] = HS_FLAG_CASELESS; count++;
            }
            start = end + 1;
        }
    }

    double compile_start = cpu_seconds();
    hs_database_t *database;
    hs_compile_error_t *error;
    if (hs_compile_lit_multi(patterns, flags, ids, lengths, count, HS_MODE_BLOCK, NULL, &database, &error) != HS_SUCCESS) {
        fprintf(stderr, "hyperscan: %s\n", error->message);
        return 2;
    }
    hs_scratch_t *scratch = NULL;
    if (hs_alloc_scratch(database, &scratch) != HS_SUCCESS) { fprintf(stderr, "hyperscan: no scratch\n"); return 2; }
    double scan_start = cpu_seconds();
    long long matches = 0;
    const char *line = corpus;
    for (const char *at = corpus; at < corpus + corpus_size; at++) {
        if (*at == '\n') {
            hs_scan(database, line, (unsigned)(at - line), 0, scratch, count_match, &matches);
            line = at + 1;
        }
    }
    if (line < corpus + corpus_size)
        hs_scan(database, line, (unsigned)(corpus + corpus_size - line), 0, scratch, count_match, &matches);
    double scan_end = cpu_seconds();
    printf("{\"patterns\": %u, \"matches\": %lld, \"compileSeconds\": %.4f, \"scanSeconds\": %.4f}\n",
           count, matches, scan_start - compile_start, scan_end - scan_start);
    return 0;
}
