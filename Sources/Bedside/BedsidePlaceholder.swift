enum BedsidePlaceholder {}
