/* Reference SMTP sender on libcurl for bench/smtp/run.sh.
 *
 *   curl_sender URL COUNT CONNECTIONS MESSAGE_FILE
 *
 * CONNECTIONS == 1: one easy handle reused for every message (one connection).
 * CONNECTIONS > 1: a multi handle driving that many easy handles, each re-added after its message
 * (so each keeps its own connection). Prints "messages seconds" on stdout. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct source { const char *data; size_t size, offset; struct curl_slist *rcpt; };

static size_t read_cb(char *buffer, size_t size, size_t count, void *userdata) {
    struct source *s = userdata;
    size_t n = size * count, left = s->size - s->offset;
    if (n > left) n = left;
    memcpy(buffer, s->data + s->offset, n);
    s->offset += n;
    return n;
}

static CURL *make_handle(const char *url, struct source *s) {
    CURL *h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, "<bench@example.org>");
    s->rcpt = curl_slist_append(NULL, "<sink@example.org>");
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, s->rcpt);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(h, CURLOPT_READDATA, s);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    return h;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: %s URL COUNT CONNECTIONS MESSAGE_FILE\n", argv[0]); return 2; }
    const char *url = argv[1];
    long count = atol(argv[2]), connections = atol(argv[3]);
    FILE *f = fopen(argv[4], "rb");
    if (!f) { perror(argv[4]); return 2; }
    static char data[1 << 20];
    size_t size = fread(data, 1, sizeof data, f);
    fclose(f);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    long sent = 0, failed = 0;
    double start = now();
    if (connections <= 1) {
        struct source s = { data, size, 0, NULL };
        CURL *h = make_handle(url, &s);
        for (long i = 0; i < count; i++) {
            s.offset = 0;
            if (curl_easy_perform(h) == CURLE_OK) sent++; else failed++;
        }
        curl_easy_cleanup(h);
        curl_slist_free_all(s.rcpt);
    } else {
        CURLM *m = curl_multi_init();
        struct source *sources = calloc(connections, sizeof *sources);
        CURL **handles = calloc(connections, sizeof *handles);
        long started = 0;
        for (long i = 0; i < connections && started < count; i++, started++) {
            sources[i] = (struct source){ data, size, 0, NULL };
            handles[i] = make_handle(url, &sources[i]);
            curl_easy_setopt(handles[i], CURLOPT_PRIVATE, &sources[i]);
            curl_multi_add_handle(m, handles[i]);
        }
        int running = 1;
        while (running || started < count) {
            curl_multi_perform(m, &running);
            CURLMsg *msg; int left;
            while ((msg = curl_multi_info_read(m, &left))) {
                if (msg->msg != CURLMSG_DONE) continue;
                if (msg->data.result == CURLE_OK) sent++; else failed++;
                CURL *h = msg->easy_handle;
                struct source *s;
                curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&s);
                curl_multi_remove_handle(m, h);
                if (started < count) { s->offset = 0; curl_multi_add_handle(m, h); started++; running = 1; }
            }
            if (running) curl_multi_poll(m, NULL, 0, 100, NULL);
        }
        for (long i = 0; i < connections; i++) if (handles[i]) { curl_easy_cleanup(handles[i]); curl_slist_free_all(sources[i].rcpt); }
        curl_multi_cleanup(m);
    }
    printf("%ld %.3f\n", sent, now() - start);
    if (failed) fprintf(stderr, "%ld failed\n", failed);
    return failed ? 1 : 0;
}
