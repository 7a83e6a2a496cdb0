// Wide-character curses. The explorer's terminal backend is the only user.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>

// Macros Swift cannot import, as functions.
static inline attr_t jumeau_a_bold(void) { return A_BOLD; }
static inline attr_t jumeau_a_dim(void) { return A_DIM; }
static inline attr_t jumeau_a_underline(void) { return A_UNDERLINE; }
static inline attr_t jumeau_a_reverse(void) { return A_REVERSE; }
static inline attr_t jumeau_a_normal(void) { return A_NORMAL; }
static inline int jumeau_colors(void) { return COLORS; }
static inline int jumeau_lines(void) { return LINES; }
static inline int jumeau_cols(void) { return COLS; }
static inline WINDOW *jumeau_stdscr(void) { return stdscr; }
static inline int jumeau_key_code_yes(void) { return KEY_CODE_YES; }
static inline mmask_t jumeau_mouse_mask(void) { return BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON4_PRESSED | BUTTON5_PRESSED; }
static inline mmask_t jumeau_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t jumeau_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t jumeau_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t jumeau_button5_pressed(void) { return BUTTON5_PRESSED; }
