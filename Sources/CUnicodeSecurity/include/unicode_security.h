// ICU's normalisation and UTS #39 confusable skeleton behind a plain C interface.
//
// The ICU headers are included only by the .c file: on Linux, Foundation carries its own ICU
// (module _FoundationICU) whose C enums clash with the system headers' when both reach Swift
// (a `.systemLibrary` target importing <unicode/uspoof.h> fails with "'U_…' from module
// '_FoundationICU' is not present in definition of 'enum UErrorCode'"). This header speaks only
// UTF-16 buffers and lengths, so Swift sees no ICU type at all.
#ifndef AEG_UNICODE_SECURITY_H
#define AEG_UNICODE_SECURITY_H
#include <stdint.h>

/// Forms `aeg_transform` applies.
enum aeg_transform_kind {
    /// Unicode canonical composition (NFC).
    AEG_NFC = 0,
    /// Compatibility composition (NFKC): full-width digits become ASCII digits.
    AEG_NFKC = 1,
    /// UTS #39 skeleton (ICU `uspoof_getSkeleton`): confusable strings have equal skeletons.
    AEG_SKELETON = 2,
};

/// Writes the transform of `text` (`length` UTF-16 units) into `out` (`capacity` units).
/// Returns the length written; when `out` is too small, -(needed length) - 2; -1 on any other
/// ICU failure.
int32_t aeg_transform(int32_t kind, const uint16_t *text, int32_t length, uint16_t *out, int32_t capacity);

#endif
