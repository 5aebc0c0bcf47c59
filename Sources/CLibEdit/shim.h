/* libedit's readline-compatible API for Swift (see NPIShell/LineEditor.swift).
 * stdio.h first: editline/readline.h uses FILE without including it.
 * The readline API needs no variadic calls (el_set/history are variadic and are not used),
 * so there are no wrappers here yet; add static inline ones beside this note if one is needed. */
#ifndef NPI_CLIBEDIT_SHIM_H
#define NPI_CLIBEDIT_SHIM_H

#include <stdio.h>
#include <editline/readline.h>

#endif
