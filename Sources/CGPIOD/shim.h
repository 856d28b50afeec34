// One small API over both libgpiod generations, chosen at compile time:
//   1.6 (Debian 12's libgpiod-dev): struct gpiod_line, one request (and one fd) per line, poll(2).
//   2.x (bookworm-backports 2.1.3): struct gpiod_line_request for all lines, an edge event buffer.
// 1.6's header has no version macro; GPIOD_LINE_BULK_MAX_LINES exists only in 1.x, so it tells them apart.
// Only Sources/KioskInput/GPIO/GPIODLines.swift calls these.
#ifndef KIOSK_CGPIOD_SHIM_H
#define KIOSK_CGPIOD_SHIM_H

#if !__has_include(<gpiod.h>)
#error "libgpiod's header is missing: install libgpiod-dev (sudo apt-get install libgpiod-dev, or .ci/deps.sh build)"
#endif
#include <gpiod.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef GPIOD_LINE_BULK_MAX_LINES
#define KIOSK_GPIOD_GENERATION 1
#else
#define KIOSK_GPIOD_GENERATION 2
#endif

#define KIOSK_GPIOD_MAX_LINES 64

/// Bias of an input line.
enum kiosk_gpiod_bias {
    KIOSK_GPIOD_BIAS_AS_IS = 0,
    KIOSK_GPIOD_BIAS_DISABLED = 1,
    KIOSK_GPIOD_BIAS_PULL_UP = 2,
    KIOSK_GPIOD_BIAS_PULL_DOWN = 3,
};

/// Which step failed (kiosk_gpiod_failure.stage).
enum kiosk_gpiod_stage {
    KIOSK_GPIOD_STAGE_NONE = 0,
    KIOSK_GPIOD_STAGE_OPEN_CHIP = 1,
    KIOSK_GPIOD_STAGE_LINE = 2,     // no such offset on the chip
    KIOSK_GPIOD_STAGE_REQUEST = 3,  // the kernel refused the request (EBUSY: another consumer has it)
    KIOSK_GPIOD_STAGE_WAIT = 4,
    KIOSK_GPIOD_STAGE_READ = 5,
    KIOSK_GPIOD_STAGE_ARGUMENT = 6,
};

/// One input line to request.
typedef struct {
    unsigned int offset;
    int active_low;
    int bias;  // enum kiosk_gpiod_bias
} kiosk_gpiod_line_config;

/// Why a call failed: the step, errno, the index of the line (-1: the chip) and, for a busy line,
/// the consumer that holds it.
typedef struct {
    int stage;
    int error;
    int line_index;
    char consumer[64];
} kiosk_gpiod_failure;

/// One edge. rising: the line became active (pressed, with active-low applied by the kernel).
typedef struct {
    unsigned int offset;
    int rising;
    uint64_t timestamp_ns;  // kernel CLOCK_MONOTONIC
} kiosk_gpiod_event;

typedef struct kiosk_gpiod_request kiosk_gpiod_request;

static inline void kiosk_gpiod_fail(kiosk_gpiod_failure *failure, int stage, int error, int index) {
    failure->stage = stage;
    failure->error = error;
    failure->line_index = index;
}

/// "gpiochip0" → "/dev/gpiochip0"; a path stays as it is.
static inline int kiosk_gpiod_chip_path(const char *chip, char *path, size_t size) {
    int written = chip[0] == '/' ? snprintf(path, size, "%s", chip) : snprintf(path, size, "/dev/%s", chip);
    return written > 0 && (size_t)written < size ? 0 : -1;
}

static inline int kiosk_gpiod_generation(void) { return KIOSK_GPIOD_GENERATION; }

#if KIOSK_GPIOD_GENERATION == 1

struct kiosk_gpiod_request {
    struct gpiod_chip *chip;
    struct gpiod_line *lines[KIOSK_GPIOD_MAX_LINES];
    size_t count;
};

static inline const char *kiosk_gpiod_library_version(void) { return gpiod_version_string(); }

static inline void kiosk_gpiod_release(kiosk_gpiod_request *request) {
    if (request == NULL) return;
    for (size_t i = 0; i < request->count; i++) {
        if (request->lines[i] != NULL) gpiod_line_release(request->lines[i]);
    }
    if (request->chip != NULL) gpiod_chip_close(request->chip);
    free(request);
}

static inline kiosk_gpiod_request *kiosk_gpiod_request_lines(
    const char *chip, const kiosk_gpiod_line_config *lines, size_t count, const char *consumer,
    kiosk_gpiod_failure *failure) {
    memset(failure, 0, sizeof(*failure));
    char path[4096];
    if (count == 0 || count > KIOSK_GPIOD_MAX_LINES || kiosk_gpiod_chip_path(chip, path, sizeof(path)) != 0) {
        kiosk_gpiod_fail(failure, KIOSK_GPIOD_STAGE_ARGUMENT, EINVAL, -1);
        return NULL;
    }
    kiosk_gpiod_request *request = calloc(1, sizeof(*request));
    if (request == NULL) {
        kiosk_gpiod_fail(failure, KIOSK_GPIOD_STAGE_ARGUMENT, ENOMEM, -1);
        return NULL;
    }
    request->chip = gpiod_chip_open(path);
    if (request->chip == NULL) {
        kiosk_gpiod_fail(failure, KIOSK_GPIOD_STAGE_OPEN_CHIP, errno, -1);
        kiosk_gpiod_release(request);
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        struct gpiod_line *line = gpiod_chip_get_line(request->chip, lines[i].offset);
        if (line == NULL) {
            kiosk_gpiod_fail(failure, KIOSK_GPIOD_STAGE_LINE, errno, (int)i);
            kiosk_gpiod_release(request);
            return NULL;
        }
        int flags = lines[i].active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0;
        switch (lines[i].bias) {
        case KIOSK_GPIOD_BIAS_DISABLED: flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE; break;
        case KIOSK_GPIOD_BIAS_PULL_UP: flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP; break;
        case KIOSK_GPIOD_BIAS_PULL_DOWN: flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN; break;
        default: break;
        }
        if (gpiod_line_request_both_edges_events_flags(line, consumer, flags) != 0) {
            kiosk_gpiod_fail(failure, KIOSK_GPIOD_STAGE_REQUEST, errno, (int)i);
            if (gpiod_line_update(line) == 0 && gpiod_line_consumer(line) != NULL) {
                snprintf(failure->consumer, sizeof(failure->consumer), "%s", gpiod_line_consumer(line));
            }
            kiosk_gpiod_release(request);
            return NULL;
        }
        request->lines[i] = line;
        request->count = i + 1;
    }
    return request;
}

/// 1: events are ready; 0: the timeout passed; -1: failed (errno set).
static inline int kiosk_gpiod_wait(kiosk_gpiod_request *request, int64_t timeout_ns) {
    struct pollfd fds[KIOSK_GPIOD_MAX_LINES];
    for (size_t i = 0; i < request->count; i++) {
        fds[i].fd = gpiod_line_event_get_fd(request->lines[i]);
        fds[i].events = POLLIN | POLLPRI;
        fds[i].revents = 0;
    }
    int milliseconds = (int)((timeout_ns + 999999) / 1000000);
    int ready = poll(fds, request->count, milliseconds);
    if (ready < 0) return errno == EINTR ? 0 : -1;
    return ready > 0 ? 1 : 0;
}

/// Reads what is ready without blocking; the number of events stored, or -1 (errno set).
static inline int kiosk_gpiod_read(kiosk_gpiod_request *request, kiosk_gpiod_event *events, size_t capacity) {
    size_t stored = 0;
    for (size_t i = 0; i < request->count && stored < capacity; i++) {
        struct pollfd fd = {.fd = gpiod_line_event_get_fd(request->lines[i]), .events = POLLIN | POLLPRI};
        if (poll(&fd, 1, 0) <= 0) continue;
        struct gpiod_line_event buffer[16];
        size_t room = capacity - stored < 16 ? capacity - stored : 16;
        int count = gpiod_line_event_read_multiple(request->lines[i], buffer, (unsigned int)room);
        if (count < 0) return -1;
        for (int j = 0; j < count; j++) {
            events[stored].offset = gpiod_line_offset(request->lines[i]);
            events[stored].rising = buffer[j].event_type == GPIOD_LINE_EVENT_RISING_EDGE;
            events[stored].timestamp_ns =
                (uint64_t)buffer[j].ts.tv_sec * 1000000000u + (uint64_t)buffer[j].ts.tv_nsec;
            stored++;
        }
    }
    return (int)stored;
}

#else  // libgpiod 2.x

struct kiosk_gpiod_request {
    struct gpiod_line_request *request;
    struct gpiod_edge_event_buffer *buffer;
};

static inline const char *kiosk_gpiod_library_version(void) { return gpiod_api_version(); }

static inline void kiosk_gpiod_release(kiosk_gpiod_request *request) {
    if (request == NULL) return;
    if (request->buffer != NULL) gpiod_edge_event_buffer_free(request->buffer);
    if (request->request != NULL) gpiod_line_request_release(request->request);
    free(request);
}

/// After a refused request: the first line another consumer holds (its index and consumer), if any.
static inline void kiosk_gpiod_find_used(struct gpiod_chip *chip, const kiosk_gpiod_line_config *lines,
                                         size_t count, kiosk_gpiod_failure *failure) {
    for (size_t i = 0; i < count; i++) {
        struct gpiod_line_info *info = gpiod_chip_get_line_info(chip, lines[i].offset);
        if (info == NULL) continue;
        int used = gpiod_line_info_is_used(info);
        if (used) {
            failure->line_index = (int)i;
            const char *holder = gpiod_line_info_get_consumer(info);
            if (holder != NULL) snprintf(failure->consumer, sizeof(failure->consumer), "%s", holder);
        }
        gpiod_line_info_free(info);
        if (used) return;
    }
}

static inline kiosk_gpiod_request *kiosk_gpiod_request_lines(
    const char *chip_name, const kiosk_gpiod_line_config *lines, size_t count, const char *consumer,
    kiosk_gpiod_failure *failure) {
    memset(failure, 0, sizeof(*failure));
    char path[4096];
    if (count == 0 || count > KIOSK_GPIOD_MAX_LINES || kiosk_gpiod_chip_path(chip_name, path, sizeof(path)) != 0) {
        kiosk_gpiod_fail(failure, KIOSK_GPIOD_STAGE_ARGUMENT, EINVAL, -1);
        return NULL;
    }
    struct gpiod_chip *chip = gpiod_chip_open(path);
    if (chip == NULL) {
        kiosk_gpiod_fail(failure, KIOSK_GPIOD_STAGE_OPEN_CHIP, errno, -1);
        return NULL;
    }
    kiosk_gpiod_request *result = NULL;
    struct gpiod_line_config *line_config = gpiod_line_config_new();
    struct gpiod_request_config *request_config = gpiod_request_config_new();
    struct gpiod_line_settings *settings = gpiod_line_settings_new();
    struct gpiod_chip_info *info = gpiod_chip_get_info(chip);
    if (line_config == NULL || request_config == NULL || settings == NULL || info == NULL) {
        kiosk_gpiod_fail(failure, KIOSK_GPIOD_STAGE_OPEN_CHIP, errno, -1);
        goto done;
    }
    gpiod_request_config_set_consumer(request_config, consumer);
    for (size_t i = 0; i < count; i++) {
        if (lines[i].offset >= gpiod_chip_info_get_num_lines(info)) {
            kiosk_gpiod_fail(failure, KIOSK_GPIOD_STAGE_LINE, EINVAL, (int)i);
            goto done;
        }
        gpiod_line_settings_reset(settings);
        gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_INPUT);
        gpiod_line_settings_set_edge_detection(settings, GPIOD_LINE_EDGE_BOTH);
        gpiod_line_settings_set_active_low(settings, lines[i].active_low != 0);
        gpiod_line_settings_set_event_clock(settings, GPIOD_LINE_CLOCK_MONOTONIC);
        enum gpiod_line_bias bias = GPIOD_LINE_BIAS_AS_IS;
        switch (lines[i].bias) {
        case KIOSK_GPIOD_BIAS_DISABLED: bias = GPIOD_LINE_BIAS_DISABLED; break;
        case KIOSK_GPIOD_BIAS_PULL_UP: bias = GPIOD_LINE_BIAS_PULL_UP; break;
        case KIOSK_GPIOD_BIAS_PULL_DOWN: bias = GPIOD_LINE_BIAS_PULL_DOWN; break;
        default: break;
        }
        gpiod_line_settings_set_bias(settings, bias);
        if (gpiod_line_config_add_line_settings(line_config, &lines[i].offset, 1, settings) != 0) {
            kiosk_gpiod_fail(failure, KIOSK_GPIOD_STAGE_LINE, errno, (int)i);
            goto done;
        }
    }
    result = calloc(1, sizeof(*result));
    if (result == NULL) {
        kiosk_gpiod_fail(failure, KIOSK_GPIOD_STAGE_ARGUMENT, ENOMEM, -1);
        goto done;
    }
    result->request = gpiod_chip_request_lines(chip, request_config, line_config);
    if (result->request == NULL) {
        kiosk_gpiod_fail(failure, KIOSK_GPIOD_STAGE_REQUEST, errno, -1);
        kiosk_gpiod_find_used(chip, lines, count, failure);
        kiosk_gpiod_release(result);
        result = NULL;
        goto done;
    }
    result->buffer = gpiod_edge_event_buffer_new(KIOSK_GPIOD_MAX_LINES);
    if (result->buffer == NULL) {
        kiosk_gpiod_fail(failure, KIOSK_GPIOD_STAGE_REQUEST, errno, -1);
        kiosk_gpiod_release(result);
        result = NULL;
    }
done:
    if (info != NULL) gpiod_chip_info_free(info);
    if (settings != NULL) gpiod_line_settings_free(settings);
    if (request_config != NULL) gpiod_request_config_free(request_config);
    if (line_config != NULL) gpiod_line_config_free(line_config);
    // The request keeps its own file descriptor; the chip is no longer needed.
    gpiod_chip_close(chip);
    return result;
}

/// 1: events are ready; 0: the timeout passed; -1: failed (errno set).
static inline int kiosk_gpiod_wait(kiosk_gpiod_request *request, int64_t timeout_ns) {
    int ready = gpiod_line_request_wait_edge_events(request->request, timeout_ns);
    if (ready < 0 && errno == EINTR) return 0;
    return ready;
}

/// Reads what is ready; the number of events stored, or -1 (errno set).
static inline int kiosk_gpiod_read(kiosk_gpiod_request *request, kiosk_gpiod_event *events, size_t capacity) {
    size_t room = capacity < KIOSK_GPIOD_MAX_LINES ? capacity : KIOSK_GPIOD_MAX_LINES;
    int count = gpiod_line_request_read_edge_events(request->request, request->buffer, room);
    if (count < 0) return -1;
    for (int i = 0; i < count; i++) {
        struct gpiod_edge_event *event = gpiod_edge_event_buffer_get_event(request->buffer, (unsigned long)i);
        events[i].offset = gpiod_edge_event_get_line_offset(event);
        events[i].rising = gpiod_edge_event_get_event_type(event) == GPIOD_EDGE_EVENT_RISING_EDGE;
        events[i].timestamp_ns = gpiod_edge_event_get_timestamp_ns(event);
    }
    return count;
}

#endif

#endif
