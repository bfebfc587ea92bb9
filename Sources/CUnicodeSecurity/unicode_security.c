#include "unicode_security.h"
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>

int32_t aeg_transform(int32_t kind, const uint16_t *text, int32_t length, uint16_t *out, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t written = 0;
    if (kind == AEG_SKELETON) {
        USpoofChecker *checker = uspoof_open(&status);
        if (U_FAILURE(status)) return -1;
        written = uspoof_getSkeleton(checker, 0, (const UChar *)text, length, (UChar *)out, capacity, &status);
        uspoof_close(checker);
    } else {
        const UNormalizer2 *normalizer = kind == AEG_NFKC ? unorm2_getNFKCInstance(&status) : unorm2_getNFCInstance(&status);
        if (U_FAILURE(status)) return -1;
        written = unorm2_normalize(normalizer, (const UChar *)text, length, (UChar *)out, capacity, &status);
    }
    if (status == U_BUFFER_OVERFLOW_ERROR) return -written - 2;
    if (U_FAILURE(status)) return -1;
    return written;
}
