// The parts of ncursesw that Swift cannot import directly (macros), as static inline functions.
// _XOPEN_SOURCE_EXTENDED must come first: without it the wide-character functions are not declared.
#ifndef AEGRADE_CNCURSESW_SHIM_H
#define AEGRADE_CNCURSESW_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncursesw/ncurses.h>

static inline WINDOW *aeg_stdscr(void) { return stdscr; }
static inline int aeg_rows(void) { return getmaxy(stdscr); }
static inline int aeg_columns(void) { return getmaxx(stdscr); }
static inline int aeg_color_pair(int n) { return COLOR_PAIR(n); }
static inline int aeg_a_bold(void) { return A_BOLD; }
static inline int aeg_a_reverse(void) { return A_REVERSE; }
static inline int aeg_a_underline(void) { return A_UNDERLINE; }
static inline int aeg_a_dim(void) { return A_DIM; }
static inline int aeg_a_normal(void) { return A_NORMAL; }
static inline int aeg_key_resize(void) { return KEY_RESIZE; }
static inline int aeg_ok(void) { return OK; }
static inline int aeg_err(void) { return ERR; }
static inline int aeg_key_code_yes(void) { return KEY_CODE_YES; }
// Globals that Swift 6 refuses to read directly (shared mutable state), read through functions.
static inline int aeg_colors(void) { return COLORS; }
static inline int aeg_color_pairs(void) { return COLOR_PAIRS; }
// newterm on the process's standard output and input (Swift 6 cannot read `stdout`/`stdin`).
// Unlike initscr, newterm returns NULL instead of exiting when the terminal type is unknown.
static inline SCREEN *aeg_newterm(const char *type) { return newterm(type, stdout, stdin); }
// The C library's column width of a character in the current locale (what curses goes by). Declared
// here because <wchar.h> hides it unless _XOPEN_SOURCE is defined, which SwiftPM does not pass.
static inline int aeg_wcwidth(unsigned int c) {
    extern int wcwidth(wchar_t);
    return wcwidth((wchar_t)c);
}
#endif
