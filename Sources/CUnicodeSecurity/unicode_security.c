#include "unicode_security.h"
#include <pthread.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>

// One spoof checker for the process, opened on first use: opening one loads and sets up ICU's
// confusable data, which cost more than the skeleton itself when it was done per id (a record
// computes the skeletons of every patient id of the log). ICU documents the checking functions,
// uspoof_getSkeleton among them, as safe to call concurrently on one configured checker
// (uspoof.h, "Thread Safety").
static USpoofChecker *shared_checker = NULL;
static pthread_once_t shared_checker_once = PTHREAD_ONCE_INIT;

static void open_shared_checker(void) {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker *checker = uspoof_open(&status);
    if (U_SUCCESS(status)) shared_checker = checker;
}

int32_t aeg_transform(int32_t kind, const uint16_t *text, int32_t length, uint16_t *out, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t written = 0;
    if (kind == AEG_SKELETON) {
        pthread_once(&shared_checker_once, open_shared_checker);
        if (shared_checker == NULL) return -1;
        written = uspoof_getSkeleton(shared_checker, 0, (const UChar *)text, length, (UChar *)out, capacity, &status);
    } else {
        const UNormalizer2 *normalizer = kind == AEG_NFKC ? unorm2_getNFKCInstance(&status) : unorm2_getNFCInstance(&status);
        if (U_FAILURE(status)) return -1;
        written = unorm2_normalize(normalizer, (const UChar *)text, length, (UChar *)out, capacity, &status);
    }
    if (status == U_BUFFER_OVERFLOW_ERROR) return -written - 2;
    if (U_FAILURE(status)) return -1;
    return written;
}
