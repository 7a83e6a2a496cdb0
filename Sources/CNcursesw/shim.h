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

// Moving the map sideways with the terminal's own character insert and delete (ECMA-48
// ICH/DCH), so that a pan writes the columns that come in, not the whole map again.
#include <ncursesw/term.h>
#include <stdlib.h>
#include <unistd.h>

// The bytes of one shift, collected and written at once. putp would go through stdio's
// stdout, whose buffer is not curses' and may flush after curses' own output.
typedef struct { char bytes[65536]; size_t count; } jumeau_shift_output;
static inline jumeau_shift_output *jumeau_shift_buffer(void) {
    static jumeau_shift_output output;  // in a function: a header cannot define the variable for Swift
    return &output;
}
static inline int jumeau_collect(int c) {
    jumeau_shift_output *output = jumeau_shift_buffer();
    if (output->count < sizeof output->bytes) output->bytes[output->count++] = (char)c;
    return c;
}

// Whether the terminal deletes and inserts several characters at once and addresses the
// cursor (xterm, tmux, screen, the Linux console do; vt100 does not).
static inline int jumeau_can_shift_columns(void) {
    const char *names[] = { "dch", "ich", "cup" };
    for (int i = 0; i < 3; i++) {
        const char *capability = tigetstr(names[i]);
        if (capability == NULL || capability == (char *)-1) return 0;
    }
    return 1;
}

// Moves columns [left, left + width) of the `count` rows listed by `shift` columns
// (positive: to the left) on the terminal, in curses' picture of it (curscr) and in the
// window the frame is drawn into (stdscr), which then both hold what the terminal shows
// (TerminalDiff's model): the columns right of the region go back where they were, the
// columns that come in are default blanks. Only the cells that differ from that are
// drawn next, and the next refresh writes what differs from curscr. Call it right after
// a refresh (curses' output all written) and before drawing the next frame; the cursor is
// left where curses believes it is.
static inline void jumeau_shift_columns(const int *rows, int count, int left, int width, int shift) {
    const char *remove = tigetstr("dch"), *insert = tigetstr("ich"), *address = tigetstr("cup");
    int n = abs(shift);
    int deleteAt = shift > 0 ? left : left + width - n;
    int insertAt = shift > 0 ? left + width - n : left;
    int homeY = getcury(curscr), homeX = getcurx(curscr);
    // Curses renders inserted and deleted cells with the window's background and, for an
    // inserted blank, its current attributes: make them the plain blank the terminal puts there.
    chtype background = getbkgd(curscr);
    wbkgdset(curscr, ' ');
    attr_t attributes; short pair;
    wattr_get(stdscr, &attributes, &pair, NULL);
    wattr_set(stdscr, A_NORMAL, 0, NULL);
    jumeau_shift_output *output = jumeau_shift_buffer();
    output->count = 0;
    // Blanks the terminal inserts take the current background: make it the default,
    // through curses so that it knows.
    vidputs(A_NORMAL, jumeau_collect);
    // Absolute addressing only: curses' relative moves assume a tty mode of its own.
    for (int k = 0; k < count; k++) {
        int row = rows[k];
        tputs(tiparm(address, row, deleteAt), 1, jumeau_collect);
        tputs(tiparm(remove, n), 1, jumeau_collect);
        tputs(tiparm(address, row, insertAt), 1, jumeau_collect);
        tputs(tiparm(insert, n), 1, jumeau_collect);
        WINDOW *windows[] = { curscr, stdscr };
        for (int w = 0; w < 2; w++) {
            wmove(windows[w], row, deleteAt);
            for (int i = 0; i < n; i++) wdelch(windows[w]);
            wmove(windows[w], row, insertAt);
            for (int i = 0; i < n; i++) winsch(windows[w], ' ');
        }
        // The next refresh marks in newscr only the cells of stdscr that differ from newscr,
        // which still holds the last frame unshifted: make it compare the whole row with curscr.
        touchline(newscr, row, 1);
    }
    // Back where curses believes the cursor is.
    tputs(tiparm(address, homeY, homeX), 1, jumeau_collect);
    wmove(curscr, homeY, homeX);
    wbkgdset(curscr, background);
    wattr_set(stdscr, attributes, pair, NULL);
    size_t written = 0;
    while (written < output->count) {
        ssize_t done = write(STDOUT_FILENO, output->bytes + written, output->count - written);
        if (done <= 0) break;
        written += (size_t)done;
    }
}
