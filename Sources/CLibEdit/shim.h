/* libedit's readline-compatible API for Swift (see NPIShell/LineEditor.swift), and one helper
 * around its native history API, whose history() call is variadic and so cannot be called
 * from Swift directly.
 * stdio.h first: editline/readline.h uses FILE without including it. */
#ifndef NPI_CLIBEDIT_SHIM_H
#define NPI_CLIBEDIT_SHIM_H

#include <stdio.h>
#include <editline/readline.h>
#include <histedit.h>

/* Adds `line` to the history file `path` without touching the shell's own history: loads the
 * file into a separate history of at most `limit` entries (a missing or foreign file loads as
 * nothing), enters the line, and saves it all to `temporary_path` for the caller to rename over
 * `path`. Lines other shells saved meanwhile are kept. (readline's append_history(1, path)
 * writes the newest two entries in libedit 3.1-20221030.) Returns 0, or -1 with errno set. */
static inline int npi_history_file_add(const char *path, const char *temporary_path,
                                       const char *line, int limit) {
    HistEvent event;
    History *history_file = history_init();
    if (history_file == NULL) return -1;
    history(history_file, &event, H_SETSIZE, limit);
    (void)history(history_file, &event, H_LOAD, path);
    history(history_file, &event, H_ENTER, line);
    int saved = history(history_file, &event, H_SAVE, temporary_path);
    history_end(history_file);
    return saved < 0 ? -1 : 0;
}

#endif
